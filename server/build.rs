//! The migrations are embedded by `sqlx::migrate!`: a new or changed file there rebuilds the
//! server (cargo does not see them otherwise, and an incremental build would run without it).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
