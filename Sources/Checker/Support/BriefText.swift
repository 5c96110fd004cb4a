import Exact

extension Rational {
    /// For messages: the exact text when it is short, else its size and a double approximation
    /// (a forged 200000-digit number must not make a message cost seconds to print).
    package var brief: String {
        let bits = numerator.magnitude.bitWidth + denominator.magnitude.bitWidth
        return bits <= 1000 ? description : "a rational of \(bits) bits, about \(doubleValue)"
    }
}

/// `value` for a message: rationals ``Rational/brief``, anything else as it prints.
package func brief<T>(_ value: T) -> String {
    if let r = value as? Rational { return r.brief }
    return "\(value)"
}
