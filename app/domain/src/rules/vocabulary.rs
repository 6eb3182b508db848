//! The team's vocabulary of *werkzame elementen* (issue 5): suggestions while typing, and
//! synonyms a team lead merges ("echt luisteren" and "luisteren") without changing what anyone
//! wrote — stories keep their own words; counting goes by the merged name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a term is compared: lower case, single spaces, no spaces or punctuation around it.
pub fn normalize(term: &str) -> String {
    term.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_ascii_punctuation())
        .trim()
        .to_lowercase()
}

/// Synonyms: a variant (normalised) → the name it counts under.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Synonyms {
    pub map: BTreeMap<String, String>,
}

impl Synonyms {
    /// The name `term` counts under.
    pub fn canonical(&self, term: &str) -> String {
        let mut key = normalize(term);
        // Follow a chain (a merged into b, b later into c), but never loop.
        for _ in 0..self.map.len() {
            match self.map.get(&key) {
                Some(next) if *next != key => key = next.clone(),
                _ => break,
            }
        }
        key
    }

    /// Merges `variants` into `name`: from now on they count as `name`. Merging a term into
    /// itself, or into one of its own variants, changes nothing wrong: no cycles.
    pub fn merge(&mut self, variants: &[&str], name: &str) {
        let target = self.canonical(name);
        for v in variants {
            let key = normalize(v);
            if key.is_empty() || self.canonical(&key) == target {
                continue;
            }
            // Everything that counted as this variant now counts as the target.
            let old = self.canonical(&key);
            for value in self.map.values_mut() {
                if *value == old {
                    *value = target.clone();
                }
            }
            self.map.insert(old.clone(), target.clone());
            self.map.insert(key, target.clone());
        }
        self.map.retain(|k, v| k != v);
    }
}

/// One werkzaam element as counted across stories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub name: String,
    /// In how many stories it was named.
    pub stories: usize,
    /// The words people used for it, as written, most used first.
    pub variants: Vec<String>,
}

/// Counts elements across stories (`each story's elements`): a story names an element once, how
/// ever many variants it used. Most named first, then by name.
pub fn count<'a>(
    stories: impl IntoIterator<Item = &'a [String]>,
    synonyms: &Synonyms,
) -> Vec<Counted> {
    let mut counted: BTreeMap<String, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for elements in stories {
        let mut seen = Vec::new();
        for e in elements {
            let name = synonyms.canonical(e);
            if name.is_empty() {
                continue;
            }
            let entry = counted.entry(name.clone()).or_default();
            *entry.1.entry(e.trim().to_owned()).or_default() += 1;
            if !seen.contains(&name) {
                seen.push(name);
                entry.0 += 1;
            }
        }
    }
    let mut out: Vec<Counted> = counted
        .into_iter()
        .map(|(name, (stories, variants))| {
            let mut variants: Vec<(String, usize)> = variants.into_iter().collect();
            variants.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Counted {
                name,
                stories,
                variants: variants.into_iter().map(|(v, _)| v).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.stories.cmp(&a.stories).then(a.name.cmp(&b.name)));
    out
}

/// Suggestions from the team's vocabulary (`counted`, most used first) for what is `typed`:
/// terms with a word starting with it first, then terms containing it; never one already
/// `chosen`; at most `limit`.
pub fn suggest(counted: &[Counted], typed: &str, chosen: &[String], limit: usize) -> Vec<String> {
    let typed = normalize(typed);
    if typed.is_empty() {
        return Vec::new();
    }
    let chosen: Vec<String> = chosen.iter().map(|c| normalize(c)).collect();
    let fresh = |c: &&Counted| !chosen.contains(&c.name) && c.name != typed;
    let starts = counted
        .iter()
        .filter(fresh)
        .filter(|c| c.name.split(' ').any(|w| w.starts_with(&typed)) || c.name.starts_with(&typed));
    let contains = counted
        .iter()
        .filter(fresh)
        .filter(|c| c.name.contains(&typed) && !c.name.split(' ').any(|w| w.starts_with(&typed)));
    starts
        .chain(contains)
        .take(limit)
        .map(|c| c.name.clone())
        .collect()
}
