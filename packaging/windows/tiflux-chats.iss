; Inno Setup 6 script: the per-user installer of Tiflux Chats (no administrator rights).
; Built by packaging/windows/build_windows.ps1, which passes the version read from the
; package; by hand, from the repository root after the PyInstaller build:
;
;   ISCC /DAppVersion=0.1.0 /DNumericVersion=0.1.0.0 packaging\windows\tiflux-chats.iss
;
; Installs dist\tiflux-desktop\ (the one-folder build) into
; %LOCALAPPDATA%\Programs\Tiflux Chats, adds a Start menu entry, and optionally a desktop
; icon and start-with-Windows. Uninstalling removes all of these but leaves the attendant's
; own data (settings, cache, logs in %LOCALAPPDATA%\tiflux-desktop) in place.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z /DNumericVersion=x.y.z.0 ...
#endif
#ifndef NumericVersion
  #define NumericVersion AppVersion
#endif
#define AppName "Tiflux Chats"
#define AppExe "tiflux-desktop.exe"
; The same value the app's own "start with the system" setting writes
; (tiflux_desktop/services/autostart.py), so either side sees and can undo the other.
#define RunValue "Tiflux Chats"

[Setup]
; Never change AppId: Windows knows an installed version (and upgrades it) by this id.
AppId={{C836CEEE-5542-4219-9DE2-A4DBAE7FCA01}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
VersionInfoVersion={#NumericVersion}
AppPublisher=Tiflux
AppPublisherURL=https://tiflux.com
AppSupportURL=https://tiflux.com
; Per user: no UAC prompt; {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=TifluxChats-Setup-{#AppVersion}
SetupIconFile=build\icons\tiflux-chats.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An update closes the running app (Restart Manager) instead of failing on locked files.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ptbr"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"

[CustomMessages]
en.AutostartTask=Start {#AppName} when I sign in to Windows
ptbr.AutostartTask=Iniciar o {#AppName} ao entrar no Windows
en.OtherTasks=Other:
ptbr.OtherTasks=Outras:

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "autostart"; Description: "{cm:AutostartTask}"; GroupDescription: "{cm:OtherTasks}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole build: no library of an older version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "dist\tiflux-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; HKCU\Software\Microsoft\Windows\CurrentVersion\Run: the user's own autostart list.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#RunValue}"; ValueData: """{app}\{#AppExe}"""; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; The start-with-Windows value may have been set by the app's own setting, not this
; installer: remove it either way so nothing points at a removed program.
Filename: "{sys}\reg.exe"; Parameters: "delete ""HKCU\Software\Microsoft\Windows\CurrentVersion\Run"" /v ""{#RunValue}"" /f"; Flags: runhidden; RunOnceId: "RemoveAutostart"
