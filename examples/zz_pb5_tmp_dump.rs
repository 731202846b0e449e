// TEMPORARY (issue 5 dev helper, to be deleted): builds a site via the library.
use std::path::Path;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let load = pledgeboard::content::LoadOptions { base_url: a.get(3).cloned(), ..Default::default() };
    let render = pledgeboard::render::RenderOptions { today: pledgeboard::model::Date::parse("2026-11-28").unwrap(), live_reload: false };
    let (_, files, _) = pledgeboard::build::load_and_generate(Path::new(&a[1]), &load, &render).unwrap_or_else(|e| panic!("{e:?}"));
    pledgeboard::output::write_atomic(Path::new(&a[2]), &files).unwrap();
    println!("{} files", files.len());
}
