import Exact

extension Sequence {
    /// (package: the solvers use it too)
    /// The elements grouped by `key`, groups in the order their first member appears and members
    /// in sequence order: deterministic (unlike a `Dictionary`'s iteration order, which is seeded
    /// per process) and without sorting the keys (comparing big rationals is not free).
    package func groupedInOrder<Key: Hashable>(by key: (Element) -> Key) -> [(key: Key, members: [Element])] {
        var position: [Key: Int] = [:]
        var groups: [(key: Key, members: [Element])] = []
        for element in self {
            let k = key(element)
            if let p = position[k] {
                groups[p].members.append(element)
            } else {
                position[k] = groups.count
                groups.append((k, [element]))
            }
        }
        return groups
    }
}
