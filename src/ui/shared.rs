//! `Shared<T>`: an `Arc` compared by pointer, for Memos of big derived values (the deal index,
//! reports, the snapshot history). Its own module so the state and the snapshot history can
//! both use it without importing each other.

use std::sync::Arc;

/// An `Arc` that compares by pointer, so Memos of big derived values stay cheap.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
