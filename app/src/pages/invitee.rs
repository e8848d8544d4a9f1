//! The invitee's side (W-5). Filled in by a later step.

use axum::extract::Path;

use crate::AppError;

pub(crate) async fn spaces() -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn join_page(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn accept(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn decline(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn request_page(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn request_access(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
