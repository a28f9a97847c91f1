import Glibc

/// Where `serve` listens: a unix socket path, TCP, or a socket inherited as fd 0 (spawn-fcgi, systemd).
public enum ListenAddress: Sendable {
    case unixSocket(String)
    case tcp(host: String, port: Int)
    case inheritedFD0
}

/// Opens the supervisor's listening socket. The fd is close-on-exec: workers get it only as their fd 0.
enum ListenSocket {
    struct OpenError: Error, CustomStringConvertible {
        let description: String
    }

    static func open(_ address: ListenAddress, backlog: Int) throws -> Int32 {
        switch address {
        case .unixSocket(let path): return try unix(path: path, backlog: backlog)
        case .tcp(let host, let port): return try tcp(host: host, port: port, backlog: backlog)
        case .inheritedFD0: return try inherited()
        }
    }

    private static func fail(_ what: String) -> OpenError {
        OpenError(description: "\(what): \(String(cString: strerror(errno)))")
    }

    private static func unix(path: String, backlog: Int) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard !pathBytes.isEmpty, pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw OpenError(description: "unix socket path is empty or too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in pathBytes.enumerated() { raw[i] = byte }
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            // Only a stale socket is removed; a regular file at that path is an operator mistake.
            guard info.st_mode & S_IFMT == S_IFSOCK else {
                throw OpenError(description: "\(path) exists and is not a socket")
            }
            unlink(path)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw fail("socket") }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { close(fd); throw fail("bind \(path)") }
        // nginx workers run as another user and must be able to connect.
        guard chmod(path, 0o666) == 0 else { close(fd); throw fail("chmod \(path)") }
        guard listen(fd, Int32(clamping: backlog)) == 0 else { close(fd); throw fail("listen \(path)") }
        return fd
    }

    private static func tcp(host: String, port: Int, backlog: Int) throws -> Int32 {
        guard (1...65_535).contains(port) else { throw OpenError(description: "invalid port \(port)") }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw OpenError(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let info = first.pointee
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw fail("socket") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.ai_addr, info.ai_addrlen) == 0 else { close(fd); throw fail("bind \(host):\(port)") }
        guard listen(fd, Int32(clamping: backlog)) == 0 else { close(fd); throw fail("listen \(host):\(port)") }
        return fd
    }

    /// fd 0 must already be listening; it is moved to a close-on-exec fd and fd 0 becomes /dev/null.
    private static func inherited() throws -> Int32 {
        var accepting: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) == 0, accepting != 0 else {
            throw OpenError(description: "fd 0 is not a listening socket: pass --socket or --listen")
        }
        let fd = fcntl(0, F_DUPFD_CLOEXEC, 3)
        guard fd >= 0 else { throw fail("dup fd 0") }
        let null = Glibc.open("/dev/null", O_RDONLY)
        if null >= 0 { dup2(null, 0); close(null) }
        return fd
    }
}
