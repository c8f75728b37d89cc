//! Which checks of the suite a result ran: those whose file has, today, the content it had when
//! the result was produced. A catalog edit then costs the results only the checks it touched.
//!
//! The runner records in each sidecar the digest of the whole suite and one per check (see
//! `crate::schema::digest`). A result with per-check digests is scored on the checks whose
//! digest is unchanged; the others (changed since, or new) are "not run by this result". A
//! result whose sidecar predates per-check digests cannot say which files changed, so it keeps
//! the whole-suite rule: scored when the suite is byte for byte the one it ran on, else left
//! out. A result without a sidecar (KALM's) is scored on everything.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::Path;

use super::load::Loaded;
use super::suite::Suite;

/// How a result fits the suite being scored.
#[derive(Debug, PartialEq, Eq)]
pub enum Fit {
    /// Every check: `not_run[i]` is false for all.
    All,
    /// `not_run[i]` for each suite check: true where the result did not run its current file.
    Partly(Vec<bool>),
    /// Produced on another suite: the reason it is left out.
    Other(String),
}

/// Check id -> digest of its files today, for every check of the suite (controls included,
/// since their findings are the noise and the differential's reference).
pub fn digests(suite: &Suite) -> anyhow::Result<BTreeMap<String, String>> {
    crate::schema::digest::check_digests(
        &suite.dir,
        suite.checks.iter().map(|c| {
            (
                c.id.as_str(),
                c.objects.iter().map(|o| o.file.as_str()).collect(),
            )
        }),
    )
}

/// The suite's digests, each computed once and only when some result needs it: both read
/// every file.
pub struct Current<'a> {
    dir: &'a Path,
    suite: &'a Suite,
    whole: OnceCell<String>,
    checks: OnceCell<BTreeMap<String, String>>,
}

impl<'a> Current<'a> {
    pub fn new(dir: &'a Path, suite: &'a Suite) -> Current<'a> {
        Current {
            dir,
            suite,
            whole: OnceCell::new(),
            checks: OnceCell::new(),
        }
    }

    fn whole(&self) -> anyhow::Result<&str> {
        if self.whole.get().is_none() {
            let d = crate::schema::SuiteFiles::load(self.dir)?.digest()?;
            let _ = self.whole.set(d);
        }
        Ok(self.whole.get().map(String::as_str).unwrap_or_default())
    }

    fn checks(&self) -> anyhow::Result<&BTreeMap<String, String>> {
        if self.checks.get().is_none() {
            let d = digests(self.suite)?;
            let _ = self.checks.set(d);
        }
        Ok(self.checks.get().expect("set just above"))
    }

    pub fn fit(&self, l: &Loaded) -> anyhow::Result<Fit> {
        if let Some(recorded) = l.check_digests.as_ref().filter(|m| !m.is_empty()) {
            let now = self.checks()?;
            let not_run: Vec<bool> = self
                .suite
                .checks
                .iter()
                .map(|c| recorded.get(&c.id) != now.get(&c.id))
                .collect();
            let scored = |run: bool| {
                self.suite
                    .checks
                    .iter()
                    .zip(&not_run)
                    .filter(|(c, nr)| c.scored() && (!run || !**nr))
                    .count()
            };
            if scored(true) == 0 && scored(false) > 0 {
                return Ok(Fit::Other(format!(
                    "results for a different suite: none of the {} checks its run recorded has the same file in {}",
                    recorded.len(),
                    self.dir.display()
                )));
            }
            return Ok(if not_run.iter().any(|x| *x) {
                Fit::Partly(not_run)
            } else {
                Fit::All
            });
        }
        if let Some(ran_on) = &l.suite_digest {
            let here = self.whole()?;
            if ran_on != here {
                return Ok(Fit::Other(format!(
                    "results for a different suite: the run recorded suite digest {ran_on}, {} has {here}",
                    self.dir.display()
                )));
            }
        }
        Ok(Fit::All)
    }
}
