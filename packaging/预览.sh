#!/bin/sh
# pledgeboard 预览: serves the site beside this file (site.yaml here, or the
# folder "site"; a new example site is made there on the first run) and
# opens the browser. Ctrl+C stops it.
cd "$(dirname "$0")" || exit 1
root=.
if [ ! -f site.yaml ]; then
  root=site
  [ -f site/site.yaml ] || ./pledgeboard init site || exit 1
fi
exec ./pledgeboard serve --root "$root" --open --edit
