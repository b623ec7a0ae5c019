//! Crate doc — héllo 日本 😀.
use std::collections::HashMap;
use std::fmt::{self, Display};

/// A greeter.
/// Second line.
#[derive(Debug)]
pub struct Greeter {
    name: String,
}

/// Colors.
enum Color { Red, Green }

/// Greets trait.
pub trait Greet {
    /// Says hi.
    fn greet(&self, who: &str) -> String;
    fn default_m(&self) -> u8 { 0 }
}

/** Block doc. */
impl Greeter {
    /// Creates one.
    pub fn new(name: &str) -> Self {
        Greeter { name: name.to_string() }
    }

    /// Greets.
    pub fn greet(&self, who: &str) -> String {
        let s = format!("Ünïcødé 😀 {}", helper(who));
        self.name.clone() + &s + &Self::new("x").name + &HashMap::<u8, u8>::new().len().to_string()
    }
}

impl Greet for Greeter {
    fn greet(&self, who: &str) -> String { helper(who) }
}

// plain comment
fn helper(s: &str) -> String {
    let f = |x: usize| x + 1;
    s.to_uppercase() + &f(1).to_string()
}

mod inner {
    pub fn nested() -> i32 { super::helper("a").len() as i32 }
}

macro_rules! m { () => {} }
const C: i32 = 1;
type Alias = u32;
