//! Dates, times, durations and time zones (spec 14.7).

use super::declare::builtins;

builtins! {}
