//! The whole pipeline for `build` and `check`: load → derive → render → write.
