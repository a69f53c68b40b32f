//! The customer-service layer on top of single results: conversations over time and
//! the recommended response. Uses the `classifier` and the layers below it.

pub mod complaints;
pub mod conversation;
pub mod guidance;
