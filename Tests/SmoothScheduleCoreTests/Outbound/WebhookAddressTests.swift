import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct WebhookAddressTests {
    static let refused = [
        "127.0.0.1", "127.9.9.9", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1",
        "169.254.169.254", "169.254.1.1", "100.64.0.1", "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255",
        "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1", "2001:db8::1",
    ]
    static let allowed = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"]

    static func bytes(_ text: String) -> [UInt8] {
        if text.contains(":") {
            var addr = in6_addr()
            _ = inet_pton(AF_INET6, text, &addr)
            return withUnsafeBytes(of: &addr) { Array($0) }
        }
        var addr = in_addr()
        _ = inet_pton(AF_INET, text, &addr)
        return withUnsafeBytes(of: &addr) { Array($0) }
    }

    @Test(arguments: refused) func nonPublicAddressesAreRefused(_ address: String) {
        #expect(AddressPolicy.refusal(Self.bytes(address)) != nil, "\(address)")
    }

    @Test(arguments: allowed) func publicAddressesPass(_ address: String) {
        #expect(AddressPolicy.refusal(Self.bytes(address)) == nil, "\(address)")
    }

    @Test func metadataAddressIsNamedAsSuch() throws {
        let error = #expect(throws: WebhookAddressError.self) {
            try WebhookAddress.check("https://169.254.169.254/latest/meta-data/", allowPrivate: false)
        }
        #expect(error?.isRefusedAddress == true)
        #expect(error?.message.contains("cloud metadata") == true)
    }

    /// Spellings of loopback that a second URL parser might read differently: curl's parser decides the host, and
    /// the resolver's answer is what is checked.
    @Test(arguments: [
        "https://127.0.0.1/", "https://2130706433/", "https://0x7f.1/", "https://017700000001/", "https://[::1]/",
        "https://[::ffff:127.0.0.1]/", "https://127.1:8443/x", "https://localhost/", "https://LOCALHOST./",
        "https://10.0.0.1@93.184.216.34/",
    ])
    func loopbackSpellingsAndTricksAreRefused(_ url: String) {
        #expect(throws: WebhookAddressError.self) { try WebhookAddress.check(url, allowPrivate: false) }
    }

    @Test func urlRulesWithoutThePrivateSetting() throws {
        let target = try WebhookAddress.check("https://93.184.216.34:8443/hooks?x=1", allowPrivate: false)
        #expect(target.url.host == "93.184.216.34" && target.url.port == 8443)
        #expect(target.addresses == ["93.184.216.34"])
        #expect(target.resolveEntry == "93.184.216.34:8443:93.184.216.34")
        for bad in [
            "http://93.184.216.34/", "ftp://93.184.216.34/", "https://user:pw@93.184.216.34/",
            "https://93.184.216.34/#frag", "not a url", "https://93.184.216.34:0/",
            "https://" + String(repeating: "a", count: 2100) + ".com/",
        ] {
            #expect(throws: WebhookAddressError.self, "\(bad)") { try WebhookAddress.check(bad, allowPrivate: false) }
        }
    }

    @Test func thePrivateSettingAllowsHTTPAndLoopback() throws {
        let target = try WebhookAddress.check("http://127.0.0.1:9/hook", allowPrivate: true)
        #expect(target.url.scheme == "http" && target.addresses == ["127.0.0.1"])
        let v6 = try WebhookAddress.check("http://[::1]:9/", allowPrivate: true)
        #expect(v6.resolveEntry == "[::1]:9:[::1]")
        #expect(CurlHTTPClient.hostAndPort(ofResolveEntry: v6.resolveEntry) == "[::1]:9")
        #expect(CurlHTTPClient.hostAndPort(ofResolveEntry: "example.com:443:1.2.3.4") == "example.com:443")
    }
}
