import Foundation

/// The JSON form of the records the journal keeps: sorted keys, and numbers that are not
/// finite written as the strings `"nan"`, `"inf"`, `"-inf"`, so that every record round-trips
/// to the bit (a finite `Double` is written in its shortest exact form).
enum JournalCoding {
    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                      nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func value<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                        nan: "nan")
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
