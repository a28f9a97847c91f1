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
        .target(
            name: "SmoothScheduleCore",
            dependencies: ["CFastCGI", "CSQLite", "CCurl", "COpenSSL", "CPostgres"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .executableTarget(name: "smoothschedule", dependencies: ["SmoothScheduleCore"]),
        .testTarget(name: "SmoothScheduleCoreTests", dependencies: ["SmoothScheduleCore"]),
    ]
)
