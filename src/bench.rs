pub fn print_table(_w: &mut dyn std::io::Write) {}
