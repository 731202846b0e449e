//! Messages for editors (errors, warnings, progress) in the site's language.
