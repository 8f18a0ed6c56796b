import Testing
@testable import Strategy
