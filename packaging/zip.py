"""Writes a package zip: UTF-8 names (flag bit 11, so 预览.bat shows as
such in Windows Explorer), fixed timestamps (the same build gives the same
zip), the program and the preview script marked executable for unzip."""
import os
import sys
import zipfile

stage, top, out, exe, preview = sys.argv[1:6]
executable = {exe, preview}
with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sorted(os.listdir(os.path.join(stage, top))):
        path = os.path.join(stage, top, name)
        info = zipfile.ZipInfo(f"{top}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        mode = 0o755 if name in executable else 0o644
        info.external_attr = (0o100000 | mode) << 16
        info.create_system = 3
        with open(path, "rb") as f:
            z.writestr(info, f.read())
os.replace(out + ".part", out)
