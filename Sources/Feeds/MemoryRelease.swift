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
