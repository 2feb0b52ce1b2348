//! The decision order (VSIDS): variable activities and a binary max-heap of variables by activity.
//!
//! Every conflict bumps the variables it involves by an increment that grows geometrically, so
//! recent conflicts weigh most. The heap holds every unassigned variable (and, lazily, some
//! assigned ones that branching skips when it pops them). Each heap entry carries a copy of its
//! variable's activity, so sifting reads one contiguous array.

/// Marks a variable that is not in the heap.
const ABSENT: u32 = u32::MAX;

/// Activities beyond this are scaled down (with the increment) to stay finite.
const RESCALE_ABOVE: f64 = 1e100;

/// Each conflict makes later bumps worth `1 / DECAY` times more.
const DECAY: f64 = 0.95;

/// Activities and the heap. Ties keep whichever variable was placed first, so the order depends
/// only on the sequence of operations: the solver stays deterministic.
#[derive(Debug)]
pub(super) struct VarOrder {
    activity: Vec<f64>,
    inc: f64,
    /// `(activity, variable)`, `heap[0]` the most active.
    heap: Vec<(f64, u32)>,
    /// `position[v]` is the index of `v` in `heap`, or [`ABSENT`].
    position: Vec<u32>,
}

impl Default for VarOrder {
    fn default() -> VarOrder {
        VarOrder {
            activity: Vec::new(),
            inc: 1.0,
            heap: Vec::new(),
            position: Vec::new(),
        }
    }
}

impl VarOrder {
    /// Registers the next variable (index `activity.len()`) with activity zero, not in the heap.
    pub(super) fn push_var(&mut self) {
        // The solver never has more than `MAX_VARS` (2^31) variables, so indices fit a `u32`.
        debug_assert!(self.activity.len() < ABSENT as usize);
        self.activity.push(0.0);
        self.position.push(ABSENT);
    }

    /// The number of levels of the heap: what a pop costs, in steps.
    pub(super) fn depth(&self) -> u64 {
        u64::from(usize::BITS - self.heap.len().leading_zeros())
    }

    /// Inserts `var` if it is not already present.
    pub(super) fn insert(&mut self, var: usize) {
        if self.position.get(var) != Some(&ABSENT) {
            debug_assert!(var < self.position.len(), "unknown variable {var}");
            return;
        }
        self.heap.push((self.activity[var], var as u32));
        self.sift_up(self.heap.len() - 1);
    }

    /// Raises `var`'s activity by the current increment.
    pub(super) fn bump(&mut self, var: usize) {
        self.activity[var] += self.inc;
        if self.activity[var] > RESCALE_ABOVE {
            for a in &mut self.activity {
                *a /= RESCALE_ABOVE;
            }
            for entry in &mut self.heap {
                entry.0 /= RESCALE_ABOVE;
            }
            self.inc /= RESCALE_ABOVE;
        }
        let pos = self.position[var];
        if pos != ABSENT {
            self.heap[pos as usize].0 = self.activity[var];
            self.sift_up(pos as usize);
        }
    }

    /// Ages all activities (by growing the increment), once per conflict.
    pub(super) fn decay(&mut self) {
        self.inc /= DECAY;
    }

    /// Removes and returns the most active variable.
    pub(super) fn pop(&mut self) -> Option<usize> {
        let last = self.heap.pop()?;
        let Some(&top) = self.heap.first() else {
            self.position[last.1 as usize] = ABSENT;
            return Some(last.1 as usize);
        };
        self.position[top.1 as usize] = ABSENT;
        self.heap[0] = last;
        self.sift_down(0);
        Some(top.1 as usize)
    }

    fn sift_up(&mut self, mut pos: usize) {
        let entry = self.heap[pos];
        while pos > 0 {
            let parent = (pos - 1) / 2;
            let above = self.heap[parent];
            if entry.0 <= above.0 {
                break;
            }
            self.heap[pos] = above;
            self.position[above.1 as usize] = pos as u32;
            pos = parent;
        }
        self.heap[pos] = entry;
        self.position[entry.1 as usize] = pos as u32;
    }

    fn sift_down(&mut self, mut pos: usize) {
        let entry = self.heap[pos];
        let len = self.heap.len();
        loop {
            let left = 2 * pos + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.heap[right].0 > self.heap[left].0 {
                right
            } else {
                left
            };
            let below = self.heap[child];
            if below.0 <= entry.0 {
                break;
            }
            self.heap[pos] = below;
            self.position[below.1 as usize] = pos as u32;
            pos = child;
        }
        self.heap[pos] = entry;
        self.position[entry.1 as usize] = pos as u32;
    }
}
