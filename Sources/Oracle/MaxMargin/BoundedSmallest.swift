/// The `capacity` smallest `(value, index)` pairs offered so far (ties broken by the smaller
/// index), kept in a max-heap: selecting them from n offers costs O(n log capacity), not the
/// O(n log n) of sorting everything offered. Deterministic: the result depends only on the
/// multiset of offers, not on their order.
struct BoundedSmallest {
    let capacity: Int
    private var heap: [(value: Double, index: Int)] = []

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        heap.reserveCapacity(capacity)
    }

    var isEmpty: Bool { heap.isEmpty }

    /// `a` ranks after `b` (larger value, or equal value and larger index).
    private static func after(_ a: (value: Double, index: Int), _ b: (value: Double, index: Int)) -> Bool {
        a.value != b.value ? a.value > b.value : a.index > b.index
    }

    mutating func offer(_ value: Double, _ index: Int) {
        let item = (value: value, index: index)
        if heap.count < capacity {
            heap.append(item)
            var c = heap.count - 1
            while c > 0 {
                let parent = (c - 1) / 2
                guard BoundedSmallest.after(heap[c], heap[parent]) else { break }
                heap.swapAt(c, parent)
                c = parent
            }
        } else if BoundedSmallest.after(heap[0], item) {
            heap[0] = item
            var c = 0
            while true {
                let l = 2 * c + 1
                let r = l + 1
                var largest = c
                if l < heap.count && BoundedSmallest.after(heap[l], heap[largest]) { largest = l }
                if r < heap.count && BoundedSmallest.after(heap[r], heap[largest]) { largest = r }
                if largest == c { break }
                heap.swapAt(c, largest)
                c = largest
            }
        }
    }

    /// The kept indices, smallest value first (ties by index).
    func indicesInOrder() -> [Int] {
        heap.sorted { BoundedSmallest.after($1, $0) }.map(\.index)
    }
}
