#if canImport(Glibc)
import Glibc
#endif

/// Gives memory that was freed back to the operating system.
///
/// glibc keeps freed heap pages mapped for reuse: after start-up (reference data, title mapper) and after a run
/// has parsed a 120 MB feed into 100k records, the temporaries (JSON values, strings of records already converted)
/// stay in the process's resident size although nothing uses them. `malloc_trim` hands the free pages back, so
/// the next phase starts from what is really in use and the run's peak stays lower (the limit is 300 MB
/// for a 100k-posting feed). Looked up at run time: Swift's Glibc module does not export `<malloc.h>`, and on a
/// C library without it this does nothing.
enum MemoryRelease {
    #if canImport(Glibc)
    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = {
        // RTLD_DEFAULT (a null handle): search the process's global symbols.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()
    #endif

    static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = trim?(0)
        #endif
    }
}

/// Hands the pages of a body back to the operating system as parsing moves past them (see
/// ``FeedParseOptions/releaseParsedBody``): whole pages only, strictly inside the buffer, at least 1 MiB at a
/// time (one `madvise` per MiB instead of one per batch of 256 records). The pages stay mapped and read as zeros.
struct ConsumedPages {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let pageSize: Int
    /// Offset from which pages have not been released yet (page-aligned in memory).
    private var releasedTo: Int
    static let step = 1 << 20

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        #if canImport(Glibc)
        guard let base = bytes.baseAddress, bytes.count >= 2 * Self.step else { return nil }
        self.bytes = bytes
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard pageSize > 0 else { return nil }
        let address = Int(bitPattern: base)
        // The first whole page inside the buffer (the allocator's header, before `base`, is never touched).
        releasedTo = (address + pageSize - 1) / pageSize * pageSize - address
        #else
        return nil
        #endif
    }

    /// Nothing before `offset` is read again.
    mutating func consumed(upTo offset: Int) {
        #if canImport(Glibc)
        guard let base = bytes.baseAddress else { return }
        let address = Int(bitPattern: base)
        // Down to a page boundary: the page holding `offset` may still be read.
        let end = (address + min(offset, bytes.count)) / pageSize * pageSize - address
        guard end - releasedTo >= Self.step else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + releasedTo), end - releasedTo, MADV_DONTNEED)
        releasedTo = end
        #endif
    }
}
