//! The service layer. Every read and write of CRM data goes through a service here:
//! validate → transaction → load → policy check → mutate → commit. Adapters (server
//! functions, REST, jobs, CLI) only build an [`Actor`] and call one service.

pub mod actor;
pub mod audit;
pub mod bulk;
pub mod ctx;
pub mod db;
pub mod dice;
pub mod duplicates;
pub mod error;
pub mod events;
pub mod jobs;
pub mod policy;
pub mod recent;
pub mod records;
pub mod secrets;
pub mod semantic;
pub mod services;
pub mod session_store;
pub mod settings;
pub mod signed_in;
pub mod webhooks;

pub use actor::{Actor, Via};
pub use ctx::{Clock, Config, Ctx};
pub use error::CoreError;
