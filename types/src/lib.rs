//! Types shared by every layer, safe to compile to wasm: typed ids, DTOs, the validation rules
//! that both the browser and the services run, and the serialisable [`error::AppError`].

mod code_enum;
pub mod dto;
pub mod error;
pub mod form;
pub mod ids;
pub mod lang;
pub mod money;
pub mod patch;
pub mod validate;
pub mod wire;
