extension StrictJSON {
    /// Reads the bytes `bytes[start..<end]` as one number with the JSON number rules, for formats that
    /// share them (CSV fields), without copying them: the double, or why the bytes are not one (not
    /// JSON number syntax; a magnitude beyond the double range; a nonzero decimal that rounds to zero).
    public static func number(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Result<
        Double, NumberError
    > {
        func isDigit(_ i: Int) -> Bool { i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var i = start
        var nonzeroDigit = false
        if i < end, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { return .failure(.notANumber) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { return .failure(.notANumber) }  // leading zeros
        } else {
            while isDigit(i) {
                nonzeroDigit = nonzeroDigit || bytes[i] != 0x30
                i += 1
            }
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { return .failure(.notANumber) }
            while isDigit(i) {
                nonzeroDigit = nonzeroDigit || bytes[i] != 0x30
                i += 1
            }
        }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { return .failure(.notANumber) }
            while isDigit(i) { i += 1 }
        }
        guard i == end else { return .failure(.notANumber) }
        let v = DecimalToDouble.convert(bytes, from: start, to: end)
        if v.isNaN { return .failure(.notANumber) }
        if v.isInfinite { return .failure(.overflow) }
        if v == 0 && nonzeroDigit { return .failure(.underflow) }
        return .success(v)
    }
}
