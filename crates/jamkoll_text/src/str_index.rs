//! A string → id index that stores only the ids.
//!
//! The lexicon has 780k forms. A `HashMap<&str, u32>` spends 24 bytes a slot and its random
//! inserts dominated load time (cache misses); this table keeps a `u32` per slot (about 5 MB
//! with control bytes) and compares against the string list only when the hash tag matches.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Index from a string in a separate list to its position in that list.
#[derive(Default)]
pub(crate) struct StrIndex {
    table: HashTable<u32>,
}

impl std::fmt::Debug for StrIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrIndex")
            .field("len", &self.table.len())
            .finish()
    }
}

fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

impl StrIndex {
    pub(crate) fn with_capacity(n: usize) -> StrIndex {
        StrIndex {
            table: HashTable::with_capacity(n),
        }
    }

    /// The id of `key` in `strs`, if indexed.
    pub(crate) fn get(&self, key: &str, strs: &[&str]) -> Option<u32> {
        self.table
            .find(hash(key), |&id| strs[id as usize] == key)
            .copied()
    }

    /// The id of `key`, pushing it onto `strs` and indexing it when new.
    pub(crate) fn get_or_insert(&mut self, key: &'static str, strs: &mut Vec<&'static str>) -> u32 {
        let h = hash(key);
        if let Some(&id) = self.table.find(h, |&id| strs[id as usize] == key) {
            return id;
        }
        let id = u32::try_from(strs.len()).unwrap_or(u32::MAX);
        strs.push(key);
        let strs: &[&str] = strs;
        self.table
            .insert_unique(h, id, |&id| hash(strs[id as usize]));
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_indexed() {
        let mut strs = Vec::new();
        let mut idx = StrIndex::with_capacity(2);
        assert_eq!(idx.get_or_insert("mamma", &mut strs), 0);
        assert_eq!(idx.get_or_insert("pappa", &mut strs), 1);
        assert_eq!(idx.get_or_insert("mamma", &mut strs), 0);
        assert_eq!(strs, ["mamma", "pappa"]);
        for i in 0..1000 {
            let s: &'static str = Box::leak(format!("ord{i}").into_boxed_str());
            idx.get_or_insert(s, &mut strs);
        }
        assert_eq!(idx.get("pappa", &strs), Some(1));
        assert_eq!(idx.get("ord999", &strs), Some(1001));
        assert_eq!(idx.get("okänt", &strs), None);
    }
}
