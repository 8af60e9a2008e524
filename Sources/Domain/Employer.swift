public struct Address: Hashable, Sendable, Codable {
    public var street: String
    public var postcode: Postcode
    public var city: String

    public init(street: String, postcode: Postcode, city: String) {
        self.street = street
        self.postcode = postcode
        self.city = city
    }
}

public struct Employer: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var name: String
    public var kvkNumber: KvKNumber?
    public var address: Address?

    public init(id: Int64, name: String, kvkNumber: KvKNumber? = nil, address: Address? = nil) {
        self.id = id
        self.name = name
        self.kvkNumber = kvkNumber
        self.address = address
    }
}
