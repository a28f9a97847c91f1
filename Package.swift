// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "smoothschedule",
    targets: [
        .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Release builds keep Swift's overflow and bounds checks (-O): a network server handling hostile input
        // traps on a bug rather than run into undefined behaviour. Cost measured by scripts/bench (docs/benchmarks.md).
        //
        // Storage: Database (SQLite and PostgreSQL), Models, Stores, Crypto and the domain vocabulary. Knows no
        // HTTP, routing or handler type: the compiler keeps SQL below this line and HTTP above it.
        .target(name: "SmoothScheduleStore", dependencies: ["CSQLite", "COpenSSL", "CPostgres"]),
        // Everything that knows HTTP: FastCGI, Routing, Guards, Handlers, Outbound, Sync, Jobs, CLI.
        .target(
            name: "SmoothScheduleCore",
            dependencies: ["SmoothScheduleStore", "CFastCGI", "CCurl"]
        ),
        .executableTarget(name: "smoothschedule", dependencies: ["SmoothScheduleCore"]),
        .testTarget(name: "SmoothScheduleCoreTests", dependencies: ["SmoothScheduleCore", "SmoothScheduleStore"]),
    ]
)
