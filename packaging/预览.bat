@echo off
rem pledgeboard preview. Double-click to preview the site:
rem serves the site beside this file (site.yaml here, or the folder "site";
rem a new example site is made there on the first run) and opens the browser.
rem Close this window or press Ctrl+C to stop. All messages come from
rem pledgeboard.exe itself, in Chinese.
cd /d "%~dp0"
set "ROOT=."
if exist "site.yaml" goto serve
set "ROOT=site"
if exist "site\site.yaml" goto serve
pledgeboard.exe init site
if errorlevel 1 goto end
:serve
pledgeboard.exe serve --root "%ROOT%" --open --edit
:end
pause
