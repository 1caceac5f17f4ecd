//! Planning: the file-wide decisions (stages, names, dates) that turn pending rows into deals.
//! [`state::Planner`] holds them; the other pieces add its steps.

mod items;
mod rows;
mod run;
mod stages;
mod state;
