//! The host's records: calls and deals (W-2, W-6). Filled in by a later step.

use axum::extract::Path;

use crate::AppError;

pub(crate) async fn calls(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn deals(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn deal_action(Path(_t): Path<(String, String, String)>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
