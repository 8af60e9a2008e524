import App
@main struct Matchpunt { static func main() {} }
