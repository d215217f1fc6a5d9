# Tiflux Chats for Windows: the one-folder build, its self-test, then the installer.
# Run from any folder in PowerShell, on Windows 10/11 x64 with Python 3.11+ and Inno Setup 6
# (https://jrsoftware.org/isinfo.php; ISCC.exe on PATH or in its default folder).
# See docs/packaging.md, "Windows".
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
#
# Signing (optional): set $env:SIGN_CERT_THUMBPRINT to a code-signing certificate's
# thumbprint in the user's store; signtool.exe (Windows SDK) must be on PATH.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    py -3.11 -m venv .venv
    .venv\Scripts\python.exe -m pip install --upgrade pip
    .venv\Scripts\pip.exe install -e ".[dev]"
}
$python = ".venv\Scripts\python.exe"
$version = & $python packaging\appinfo.py version
$numeric = & $python packaging\appinfo.py numeric-version
Write-Host "== Tiflux Chats $version"

# The catalogues the app loads (make translations does the same).
Get-ChildItem tiflux_desktop\ui\resources\translations\*.ts | ForEach-Object {
    & .venv\Scripts\pyside6-lrelease.exe -silent $_.FullName -qm ($_.FullName -replace '\.ts$', '.qm')
    if ($LASTEXITCODE -ne 0) { throw "lrelease failed on $($_.Name)" }
}
& $python packaging\make_icons.py
if ($LASTEXITCODE -ne 0) { throw "make_icons failed" }
& $python -m PyInstaller --noconfirm --clean --workpath build\pyinstaller --distpath dist build.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

Write-Host "== self-test of the build"
$env:QT_QPA_PLATFORM = "offscreen"
& dist\tiflux-desktop\tiflux-desktop-cli.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the build's self-test failed" }
Remove-Item Env:\QT_QPA_PLATFORM

function Sign([string[]] $files) {
    if (-not $env:SIGN_CERT_THUMBPRINT) { return }
    signtool sign /sha1 $env:SIGN_CERT_THUMBPRINT /fd sha256 /tr http://timestamp.digicert.com /td sha256 $files
    if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
}
Sign @("dist\tiflux-desktop\tiflux-desktop.exe", "dist\tiflux-desktop\tiflux-desktop-cli.exe")

$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" "/DNumericVersion=$numeric" packaging\windows\tiflux-chats.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
$setup = "dist\TifluxChats-Setup-$version.exe"
Sign @($setup)
Write-Host $setup
