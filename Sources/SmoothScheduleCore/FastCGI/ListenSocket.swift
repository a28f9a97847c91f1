import Glibc

/// Where `serve` listens: a unix socket path, TCP, or a socket inherited as fd 0 (spawn-fcgi, systemd).
public enum ListenAddress: Sendable, Equatable {
    case unixSocket(String)
    case tcp(host: String, port: Int)
    case inheritedFD0

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// `--listen HOST:PORT`. The host is required: `127.0.0.1:9000` (this machine only), `[::1]:9000`, or
    /// `0.0.0.0:9000` to mean every interface on purpose. `:9000` alone is refused rather than read as "every
    /// interface", because anyone who can reach the port can speak FastCGI and forge `REMOTE_ADDR` (F13).
    public static func tcp(parsing text: String) throws -> ListenAddress {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65_535).contains(port)
        else { throw ParseError(description: "--listen takes HOST:PORT, got '\(text)'") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") && host.count >= 2 { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw ParseError(
                description: "--listen needs an explicit host: 127.0.0.1:\(port) for this machine only, or "
                    + "0.0.0.0:\(port) for every interface (then limit who may connect with FCGI_WEB_SERVER_ADDRS)")
        }
        return .tcp(host: host, port: port)
    }
}

/// Opens the supervisor's listening socket. The fd is close-on-exec: workers get it only as their fd 0.
enum ListenSocket {
    /// A unix socket is created with this mode: the owner and one group (nginx's) may connect, nobody else.
    static let unixSocketMode: mode_t = 0o660

    struct OpenError: Error, CustomStringConvertible {
        let description: String
    }

    /// `group` (a name or a numeric gid) becomes the unix socket's group; nil keeps the process's own group.
    static func open(_ address: ListenAddress, backlog: Int, group: String? = nil) throws -> Int32 {
        switch address {
        case .unixSocket(let path): return try unix(path: path, backlog: backlog, group: group)
        case .tcp(let host, let port): return try tcp(host: host, port: port, backlog: backlog)
        case .inheritedFD0: return try inherited()
        }
    }

    private static func fail(_ what: String) -> OpenError {
        OpenError(description: "\(what): \(String(cString: strerror(errno)))")
    }

    /// The gid of a group given by name or number; throws when no such group exists.
    static func groupID(_ group: String) throws -> gid_t {
        if let number = UInt32(group) { return gid_t(number) }
        var entry = Glibc.group()
        var found: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getgrnam_r(group, &entry, &buffer, buffer.count, &found)
        guard status == 0, found != nil else {
            throw OpenError(description: "socket group '\(group)' does not exist (SMOOTHSCHEDULE_SOCKET_GROUP)")
        }
        return entry.gr_gid
    }

    private static func unix(path: String, backlog: Int, group: String?) throws -> Int32 {
        let gid = try group.map(groupID)
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
        // Created 0660 from the start (no moment of a wider mode), then given its group, all before listen():
        // connecting needs write permission on the file, so only the owner and that group can reach the
        // responder (security review F13). The supervisor is single-threaded here, so the umask swap is safe.
        let previousMask = umask(0o777 & ~unixSocketMode)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        umask(previousMask)
        guard bound == 0 else { close(fd); throw fail("bind \(path)") }
        guard chmod(path, unixSocketMode) == 0 else { close(fd); unlink(path); throw fail("chmod \(path)") }
        if let gid, chown(path, uid_t.max, gid) != 0 {
            let error = fail("chown \(path) to group \(group ?? "")")
            close(fd)
            unlink(path)
            throw error
        }
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
