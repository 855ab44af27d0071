//! The settings panel as typed, and the only place its text becomes a
//! boot configuration (with the engine's rules: [`Group`], extensions).

use phoneboot_engine::share::Shared;
use phoneboot_engine::{
    BootConfig, Flash, Group, LoadedFile, Model, PhoneConfig, ServerSpec, Slot,
};

use crate::error::WebError;
use crate::local::{LocalFiles, LOCAL_BASE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerMode {
    BaseUrl,
    Option242,
    /// Files the user picked or dropped: no server at all.
    Local,
}

/// The settings panel, as typed. Kept as text so a half-typed value is not
/// lost to validation; [`Form::boot_config`] is where it becomes typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub model: Model,
    pub mac: String,
    pub group: String,
    /// The loaded boot code and application names: what flash holds, editable.
    pub bootname: String,
    pub appname: String,
    pub mode: ServerMode,
    pub base_url: String,
    pub option242: String,
    pub timeout_s: String,
    pub digests: String,
    /// Local folder mode's files.
    pub local: LocalFiles,
    /// The largest application file flash takes, in MiB (spec section 6.5).
    pub flash_mib: String,
    /// The extension the user logs in with; with BRURI set the phone restores its backup (spec 3.8).
    pub extension: String,
}

/// One edit of the settings panel: all the settings form reports, and all
/// [`Form::apply`] changes.
#[derive(Clone, Debug, PartialEq)]
pub enum FormEdit {
    Model(Model),
    Mac(String),
    Group(String),
    Bootname(String),
    Appname(String),
    Mode(ServerMode),
    BaseUrl(String),
    Extension(String),
    Option242(String),
    Timeout(String),
    Digests(String),
    FlashSize(String),
    /// Local folder mode: the files picked or dropped (switches to that mode).
    LocalFiles(LocalFiles),
}

impl Form {
    /// Takes one edit of the settings panel.
    pub fn apply(&mut self, edit: FormEdit) {
        match edit {
            FormEdit::Model(m) => self.model = m,
            FormEdit::Mac(v) => self.mac = v,
            FormEdit::Group(v) => self.group = v,
            FormEdit::Bootname(v) => self.bootname = v,
            FormEdit::Appname(v) => self.appname = v,
            FormEdit::Mode(m) => self.mode = m,
            FormEdit::BaseUrl(v) => self.base_url = v,
            FormEdit::Extension(v) => self.extension = v,
            FormEdit::Option242(v) => self.option242 = v,
            FormEdit::Timeout(v) => self.timeout_s = v,
            FormEdit::Digests(v) => self.digests = v,
            FormEdit::FlashSize(v) => self.flash_mib = v,
            FormEdit::LocalFiles(files) => {
                self.local = files;
                self.mode = ServerMode::Local;
            }
        }
    }
}

/// Values that depend on where the page is served from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defaults {
    pub base_url: String,
    pub option242: String,
}

pub const MAX_TIMEOUT_S: u32 = 600;
/// Flash sizes the settings panel accepts, in MiB.
pub const MAX_FLASH_MIB: u64 = 1024;

/// GROUP as the phone accepts it (spec section 4: 0..999): the engine's [`Group`].
pub fn parse_group(s: &str) -> Result<u16, WebError> {
    Group::parse(s).map(Group::get).map_err(WebError::Group)
}

pub fn parse_timeout(s: &str) -> Result<u32, WebError> {
    match s.trim().parse::<u32>() {
        Ok(t) if (1..=MAX_TIMEOUT_S).contains(&t) => Ok(t),
        _ => Err(WebError::Timeout),
    }
}

/// The flash size as typed, in bytes.
pub fn parse_flash_mib(s: &str) -> Result<u64, WebError> {
    match s.trim().parse::<u64>() {
        Ok(m) if (1..=MAX_FLASH_MIB).contains(&m) => Ok(m * 1024 * 1024),
        _ => Err(WebError::FlashSize),
    }
}

impl Form {
    /// The form for a phone whose flash remembers its model, group and MAC.
    pub fn new(flash: &Flash, defaults: &Defaults) -> Form {
        let mut form = Form {
            model: flash.model.unwrap_or(Model::M1608),
            mac: flash
                .mac
                .clone()
                .unwrap_or_else(|| PhoneConfig::new(Model::M1608).mac),
            group: flash.group.unwrap_or(0).to_string(),
            bootname: String::new(),
            appname: String::new(),
            mode: ServerMode::BaseUrl,
            base_url: defaults.base_url.clone(),
            option242: defaults.option242.clone(),
            timeout_s: "10".to_owned(),
            digests: String::new(),
            local: LocalFiles::default(),
            flash_mib: (phoneboot_engine::checks::DEFAULT_FLASH_LIMIT / (1024 * 1024)).to_string(),
            extension: String::new(),
        };
        form.sync_loaded(flash);
        form
    }

    pub fn sync_loaded(&mut self, flash: &Flash) {
        self.bootname = loaded_name(flash.slot(Slot::BootCode));
        self.appname = loaded_name(flash.slot(Slot::Application));
    }

    /// The GROUP field's message, if its value is not a GROUP.
    pub fn group_error(&self) -> Option<String> {
        parse_group(&self.group).err().map(|e| e.to_string())
    }

    pub fn timeout_error(&self) -> Option<String> {
        parse_timeout(&self.timeout_s).err().map(|e| e.to_string())
    }

    pub fn flash_size_error(&self) -> Option<String> {
        parse_flash_mib(&self.flash_mib)
            .err()
            .map(|e| e.to_string())
    }

    pub fn extension_error(&self) -> Option<String> {
        phoneboot_engine::config::parse_extension(&self.extension)
            .err()
            .map(|e| e.to_string())
    }

    pub fn server_error(&self) -> Option<String> {
        self.missing_server().map(|e| e.to_string())
    }

    fn missing_server(&self) -> Option<WebError> {
        let empty = match self.mode {
            ServerMode::BaseUrl => self.base_url.trim().is_empty(),
            ServerMode::Option242 => self.option242.trim().is_empty(),
            ServerMode::Local => self.local.is_empty(),
        };
        empty.then_some(match self.mode {
            ServerMode::BaseUrl => WebError::NoBaseUrl,
            ServerMode::Option242 => WebError::NoOption242,
            ServerMode::Local => WebError::NoLocalFiles,
        })
    }

    pub fn is_valid(&self) -> bool {
        self.boot_config().is_ok()
    }

    pub fn boot_config(&self) -> Result<BootConfig, WebError> {
        let group = parse_group(&self.group)?;
        let timeout = parse_timeout(&self.timeout_s)?;
        let flash_limit = parse_flash_mib(&self.flash_mib)?;
        if let Some(e) = self.missing_server() {
            return Err(e);
        }
        let mut phone = PhoneConfig::new(self.model);
        phone.group = group;
        phone.mac = self.mac.trim().to_owned();
        let server = self.server_spec();
        let mut config = BootConfig::new(phone, server);
        config.timeout_ms = timeout * 1000;
        config.pasted_digests = self.digests.clone();
        config.flash_limit = flash_limit;
        config.extension = phoneboot_engine::config::parse_extension(&self.extension)
            .map_err(WebError::Extension)?;
        Ok(config)
    }

    pub fn server_spec(&self) -> ServerSpec {
        match self.mode {
            ServerMode::BaseUrl => ServerSpec::BaseUrl(self.base_url.trim().to_owned()),
            ServerMode::Option242 => ServerSpec::Option242(self.option242.trim().to_owned()),
            ServerMode::Local => ServerSpec::BaseUrl(LOCAL_BASE.to_owned()),
        }
    }

    /// What a share link carries: the phone, the server and the loaded
    /// names; never flash contents or a secret. A GROUP being typed counts as 0.
    pub fn shared(&self) -> Shared {
        let mut phone = PhoneConfig::new(self.model);
        phone.group = parse_group(&self.group).unwrap_or(0);
        phone.mac = self.mac.trim().to_owned();
        Shared {
            phone,
            server: self.server_spec(),
            bootname: self.bootname.trim().to_owned(),
            appname: self.appname.trim().to_owned(),
        }
    }

    /// Takes a share link's configuration. Local files cannot travel in a
    /// link: local mode comes back with nothing picked.
    pub fn restore(&mut self, s: Shared) {
        self.model = s.phone.model;
        self.group = s.phone.group.to_string();
        self.mac = s.phone.mac;
        self.bootname = s.bootname;
        self.appname = s.appname;
        match s.server {
            ServerSpec::BaseUrl(u) if u.starts_with("local:") => self.mode = ServerMode::Local,
            ServerSpec::BaseUrl(u) => {
                self.mode = ServerMode::BaseUrl;
                self.base_url = u;
            }
            ServerSpec::Option242(o) => {
                self.mode = ServerMode::Option242;
                self.option242 = o;
            }
        }
    }

    /// The form for another phone and server (the fleet view opens a cell
    /// here): the rest of the form stays as it is.
    pub fn show_phone(&mut self, model: Model, group: u16, server: &ServerSpec) {
        self.model = model;
        self.group = group.to_string();
        match server {
            ServerSpec::BaseUrl(u) => {
                self.mode = ServerMode::BaseUrl;
                self.base_url = u.clone();
            }
            ServerSpec::Option242(o) => {
                self.mode = ServerMode::Option242;
                self.option242 = o.clone();
            }
        }
    }

    /// `flash` with the loaded names the user typed. A changed name has no
    /// known size or digest: the user only claims the phone holds that file.
    pub fn apply_loaded(&self, flash: &Flash) -> Flash {
        let mut f = flash.clone();
        f.boot_code = edited(f.boot_code.take(), &self.bootname);
        f.application = edited(f.application.take(), &self.appname);
        f
    }
}

fn loaded_name(f: Option<&LoadedFile>) -> String {
    f.map(|f| f.name.clone()).unwrap_or_default()
}

fn edited(slot: Option<LoadedFile>, name: &str) -> Option<LoadedFile> {
    let name = name.trim();
    match slot {
        _ if name.is_empty() => None,
        Some(f) if f.name == name => Some(f),
        _ => Some(LoadedFile::named(name)),
    }
}
