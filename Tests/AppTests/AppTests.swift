import Foundation
import Testing
@testable import App

@Suite struct AppPlaceholderTests {
    @Test func configurationDefaults() {
        #expect(AppConfiguration().port == 8080)
    }
}
