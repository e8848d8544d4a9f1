//! The teams tab (W-2). Filled in by a later step.

use axum::extract::Path;

use crate::AppError;

pub(crate) async fn page(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn create(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn add(Path(_t): Path<(String, String)>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
pub(crate) async fn remove(Path(_t): Path<(String, String)>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
