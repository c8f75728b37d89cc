//! Progress output: one live line per scanner (spinner, elapsed time) on a terminal, plain log
//! lines otherwise, so CI logs and pipes stay readable.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Clone)]
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Live lines when stdout is a terminal, plain lines otherwise.
    pub fn auto() -> Progress {
        if std::io::stdout().is_terminal() {
            Progress {
                multi: Some(MultiProgress::with_draw_target(ProgressDrawTarget::stdout())),
            }
        } else {
            Progress::plain()
        }
    }

    pub fn plain() -> Progress {
        Progress { multi: None }
    }

    pub fn line(&self, tool: &str) -> Line {
        let bar = self.multi.as_ref().map(|m| {
            let bar = m.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix:<12} {elapsed:>4} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(tool.to_string());
            bar.set_message("queued");
            bar
        });
        Line {
            tool: tool.to_string(),
            bar,
        }
    }

    /// Prints a line above the live lines (or plainly).
    pub fn println(&self, msg: &str) {
        match &self.multi {
            Some(m) => {
                let _ = m.println(msg);
            }
            None => println!("{msg}"),
        }
    }
}

pub struct Line {
    tool: String,
    bar: Option<ProgressBar>,
}

impl Line {
    /// A message about this tool that stays above the live lines.
    pub fn println(&self, msg: &str) {
        match &self.bar {
            Some(b) => b.println(msg),
            None => println!("[{}] {msg}", self.tool),
        }
    }

    pub fn start(&self, what: &str) {
        match &self.bar {
            Some(b) => {
                b.reset_elapsed();
                b.enable_steady_tick(Duration::from_millis(120));
                b.set_message(what.to_string());
            }
            None => println!("[{}] {what}", self.tool),
        }
    }

    pub fn finish(&self, msg: &str) {
        match &self.bar {
            Some(b) => {
                b.set_style(
                    ProgressStyle::with_template("  {prefix:<12} {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                b.finish_with_message(msg.to_string());
            }
            None => println!("[{}] {msg}", self.tool),
        }
    }
}
