// libFuzzer entry point for the candidate CSV reader (issue 13): scripts/fuzz.sh compiles Domain and
// Sources/Services/CandidateCSV.swift (pure: no repositories, no I/O) as a testable module and this file with
// -D FUZZ_CANDIDATES. A crash, trap or sanitizer report is a finding; refused rows and file problems are normal.
import Domain
import Foundation
@testable import Services

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // As sent, and behind a valid header so that the row parser and every field converter see the bytes.
    let table = CandidateCSV.read(bytes)
    let header = Array(CandidateCSV.columns.map(\.name).joined(separator: ";").utf8) + [0x0A]
    let withHeader = CandidateCSV.read(header + bytes)
    // Invariants: every row has a line number inside the file; a refused row names a column and a reason.
    for row in table.rows + withHeader.rows {
        precondition(row.line >= 2, "row line \(row.line)")
        if case .failure(let problems) = row.result {
            precondition(!problems.problems.isEmpty && problems.problems.allSatisfy { !$0.field.isEmpty && !$0.reason.isEmpty })
        }
    }
    _ = CandidateCSV.parseDate(String(decoding: bytes.prefix(32), as: UTF8.self))
    return 0
}
