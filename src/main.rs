fn main() {
    voronka::ui::start();
}
