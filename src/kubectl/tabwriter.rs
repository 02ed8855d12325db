//! Go's `text/tabwriter` as kubectl drives it: tab-terminated cells aligned in columns, each
//! column as wide as its widest cell plus padding (at least `min_width`); the last cell of a
//! line (not tab-terminated) is written as is. Column blocks end where a line has fewer cells,
//! as in Go.

/// `kubectl get`'s settings (cli-runtime printers: minwidth 6, tabwidth 4, padding 3).
pub const GET: (usize, usize) = (6, 3);
/// `kubectl rollout history`'s settings (minwidth 0, tabwidth 8, padding 2).
pub const HISTORY: (usize, usize) = (0, 2);

/// Aligns `text` (lines of `\t`-separated cells).
pub fn align(text: &str, (min_width, padding): (usize, usize)) -> String {
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<Vec<usize>> = lines
        .iter()
        .map(|cells| vec![0; cells.len().saturating_sub(1)])
        .collect();
    // For each column, blocks of consecutive lines that have a cell there share a width.
    let max_cols = lines
        .iter()
        .map(|c| c.len().saturating_sub(1))
        .max()
        .unwrap_or(0);
    for col in 0..max_cols {
        let mut start = 0;
        while start < lines.len() {
            if lines[start].len().saturating_sub(1) <= col {
                start += 1;
                continue;
            }
            let mut end = start;
            while end < lines.len() && lines[end].len().saturating_sub(1) > col {
                end += 1;
            }
            let width = (start..end)
                .map(|i| lines[i][col].chars().count() + padding)
                .max()
                .unwrap_or(0)
                .max(min_width);
            for w in widths.iter_mut().take(end).skip(start) {
                w[col] = width;
            }
            start = end;
        }
    }
    render(&lines, |i, j| widths[i][j])
}

/// Writes cells padded to `width(line, column)`; a line's last cell as is.
fn render(lines: &[Vec<&str>], width: impl Fn(usize, usize) -> usize) -> String {
    let mut out = String::new();
    for (i, cells) in lines.iter().enumerate() {
        for (j, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < cells.len() {
                let pad = width(i, j).saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// The tabwriter `kubectl get -w` writes through (liggitt/tabwriter with `RememberWidths`):
/// each flush is aligned to the widest cell seen so far in each column, so rows printed as
/// objects change line up under the first table, and columns only ever grow.
pub struct Remembering {
    settings: (usize, usize),
    widths: Vec<usize>,
}

impl Remembering {
    pub fn new(settings: (usize, usize)) -> Self {
        Remembering {
            settings,
            widths: Vec::new(),
        }
    }

    /// Aligns one flush (lines of `\t`-separated cells).
    pub fn flush(&mut self, text: &str) -> String {
        let (min_width, padding) = self.settings;
        let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
        for cells in &lines {
            for (j, cell) in cells.iter().enumerate().take(cells.len().saturating_sub(1)) {
                if self.widths.len() <= j {
                    self.widths.push(min_width);
                }
                self.widths[j] = self.widths[j].max(cell.chars().count() + padding);
            }
        }
        render(&lines, |_, j| self.widths[j])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_like_kubectl_get() {
        let t = "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb-7d4b9c8f5-x2kqp\t1/1\tRunning\t0\t5m\n";
        assert_eq!(
            align(t, GET),
            "NAME                  READY   STATUS    RESTARTS   AGE\nweb-7d4b9c8f5-x2kqp   1/1     Running   0          5m\n"
        );
        assert_eq!(align("A\tB\nx\ty", GET), "A     B\nx     y", "minwidth 6");
    }

    #[test]
    fn watch_rows_keep_the_widths_of_the_table_and_only_grow_them() {
        let mut w = Remembering::new(GET);
        assert_eq!(
            w.flush("NAME\tREADY\tAGE\nweb-1\t1/1\t5s\n"),
            "NAME    READY   AGE\nweb-1   1/1     5s\n"
        );
        assert_eq!(w.flush("web-2\t0/1\t0s\n"), "web-2   0/1     0s\n");
        assert_eq!(
            w.flush("web-long-name\t0/1\t0s\n"),
            "web-long-name   0/1     0s\n"
        );
        assert_eq!(w.flush("web-3\t1/1\t1s\n"), "web-3           1/1     1s\n");
    }

    #[test]
    fn a_line_without_a_tab_ends_the_column_block_as_in_go() {
        // describe pod's `IPs:` line: the lines after it align among themselves, and an
        // empty tab-terminated cell is padded like any other (`IP:` of a pod with none).
        let t = "Status:\tPending\nIP:\t\nIPs:\n  IP:\t10.244.0.3\nControlled By:\tReplicaSet/web\nContainers:\n";
        assert_eq!(
            align(t, HISTORY),
            "Status:  Pending\nIP:      \nIPs:\n  IP:           10.244.0.3\nControlled By:  ReplicaSet/web\nContainers:\n"
        );
    }

    #[test]
    fn aligns_like_rollout_history() {
        assert_eq!(
            align("REVISION\tCHANGE-CAUSE\n1\t<none>\n", HISTORY),
            "REVISION  CHANGE-CAUSE\n1         <none>\n"
        );
    }
}
