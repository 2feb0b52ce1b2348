//! The deterministic pseudo-random generator (SplitMix64) every generator of the tests and the
//! benchmarks draws from, so that generated specs and records are byte-identical across runs
//! and machines without pulling in the `rand` crate.

/// SplitMix64: a 64-bit state advanced by a fixed odd constant, with a strong output mix.
/// Good enough for picking benchmark content; not for anything cryptographic.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` must be positive). The modulo bias is irrelevant at these sizes.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below needs a positive bound");
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// A fair coin: the lowest of the next 64 bits.
    pub fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }

    /// True one time in `n` (`n` must be positive).
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// One element of a non-empty slice (an empty one is a bug in the caller, and panics).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in random order (`k` is capped at `n`).
    pub fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        if k * 8 <= n {
            // Few out of many (a persona's ICPs among thousands): draw and redraw repeats,
            // instead of shuffling all `n`.
            let mut out: Vec<usize> = Vec::with_capacity(k);
            while out.len() < k {
                let i = self.below(n);
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            return out;
        }
        let mut all: Vec<usize> = (0..n).collect();
        self.shuffle(&mut all);
        all.truncate(k.min(n));
        all
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn distinct_gives_distinct_indices() {
        let mut r = Rng::new(1);
        for (n, k) in [(10, 5), (1000, 3), (4, 9)] {
            let mut v = r.distinct(n, k);
            v.sort_unstable();
            v.dedup();
            assert_eq!(v.len(), k.min(n));
            assert!(v.iter().all(|&i| i < n));
        }
    }
}
