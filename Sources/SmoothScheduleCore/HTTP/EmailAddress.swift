/// E-mail shape check: one `@`, a non-empty local part, a dotted domain, no spaces (`TextRules.isEmail`).
public enum EmailAddress {
    public static func isValid(_ email: String) -> Bool { TextRules.isEmail(email) }
}
