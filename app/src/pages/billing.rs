//! The billing page. Filled in by a later step.

use axum::extract::Path;

use crate::AppError;

pub(crate) async fn page(Path(_t): Path<String>) -> AppError {
    AppError::NotFound("not yet".to_owned())
}
