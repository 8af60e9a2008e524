import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The tests' child processes: bounded waits, and no descriptor of ours leaks into a child (a leaked pipe end
/// held by a long-lived child is how a reader waits for ever).
struct ChildProcessTests {
    @Test func aChildInheritsOnlyItsStandardDescriptors() async throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0) // deliberately not close-on-exec
        defer { close(ends[0]); close(ends[1]) }
        let outcome = try await ChildProcess.run("/bin/sh", ["-c", "ls /proc/$$/fd"], timeout: .seconds(60))
        #expect(outcome.status == 0, "\(outcome.output)")
        let descriptors = Set(outcome.output.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
        #expect(!descriptors.contains(ends[0]) && !descriptors.contains(ends[1]), "inherited: \(descriptors.sorted())")
        #expect(descriptors.isSuperset(of: [0, 1, 2]))
    }

    @Test func aChildThatDoesNotEndIsKilledAtTheDeadline() async throws {
        let started = ContinuousClock.now
        await #expect(throws: ChildProcess.Failure.self) {
            _ = try await ChildProcess.run("/bin/sleep", ["600"], timeout: .seconds(1))
        }
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func exitStatusAndSignalAreTold() async throws {
        #expect(try await ChildProcess.run("/bin/sh", ["-c", "exit 3"]).termination == .exited(3))
        #expect(try await ChildProcess.run("/bin/sh", ["-c", "kill -9 $$"]).termination == .signaled(9))
    }
}
