//! What this process read lately and may trust for a short while without reading it again:
//! API keys' identities, names of users and pick-list values. Each entry has its
//! own deadline; a change made on this node forgets what it changed at once, and a change made
//! on another node is seen here once the entry's deadline passes. The map is bounded: when
//! full, the entries closest to their deadline go first.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};
use time::OffsetDateTime;

#[derive(Debug)]
pub struct Recent<K, V> {
    max: usize,
    entries: Mutex<HashMap<K, (V, OffsetDateTime)>>,
}

impl<K: Eq + Hash, V: Clone> Recent<K, V> {
    /// A map that keeps at most `max` entries.
    pub fn new(max: usize) -> Self {
        Self {
            max,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<K, (V, OffsetDateTime)>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value kept for `key`, if its deadline is after `now`.
    pub fn get<Q: Eq + Hash + ?Sized>(&self, key: &Q, now: OffsetDateTime) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let entries = self.entries();
        let (value, until) = entries.get(key)?;
        (*until > now).then(|| value.clone())
    }

    /// Keeps `value` for `key` until `until`.
    pub fn put(&self, key: K, value: V, until: OffsetDateTime) {
        let mut entries = self.entries();
        if entries.len() >= self.max && !entries.contains_key(&key) {
            let mut deadlines: Vec<OffsetDateTime> = entries.values().map(|e| e.1).collect();
            deadlines.sort_unstable();
            let cut = deadlines[deadlines.len() / 2];
            entries.retain(|_, e| e.1 > cut);
        }
        entries.insert(key, (value, until));
    }

    /// Forgets `key` at once.
    pub fn forget<Q: Eq + Hash + ?Sized>(&self, key: &Q)
    where
        K: Borrow<Q>,
    {
        self.entries().remove(key);
    }

    /// Forgets every entry whose value `stale` picks.
    pub fn forget_where(&self, stale: impl Fn(&V) -> bool) {
        self.entries().retain(|_, e| !stale(&e.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn an_entry_lasts_until_its_deadline_or_until_it_is_forgotten() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let recent = Recent::new(10);
        recent.put(1, "a", now + Duration::seconds(5));
        recent.put(2, "b", now + Duration::seconds(5));
        assert_eq!(recent.get(&1, now), Some("a"));
        assert_eq!(recent.get(&1, now + Duration::seconds(5)), None);
        recent.forget(&1);
        assert_eq!(recent.get(&1, now), None);
        recent.forget_where(|v| *v == "b");
        assert_eq!(recent.get(&2, now), None);
    }

    #[test]
    fn a_full_map_drops_the_entries_nearest_their_deadline() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let recent = Recent::new(4);
        for i in 0..4 {
            recent.put(i, i, now + Duration::seconds(i64::from(i) + 1));
        }
        recent.put(9, 9, now + Duration::seconds(9));
        assert_eq!(recent.get(&0, now), None);
        assert_eq!(recent.get(&1, now), None);
        assert_eq!(recent.get(&2, now), None);
        assert_eq!(recent.get(&3, now), Some(3));
        assert_eq!(recent.get(&9, now), Some(9));
        // Putting a key that is already there replaces it without dropping anything.
        recent.put(9, 10, now + Duration::seconds(9));
        assert_eq!(recent.get(&3, now), Some(3));
        assert_eq!(recent.get(&9, now), Some(10));
    }
}
