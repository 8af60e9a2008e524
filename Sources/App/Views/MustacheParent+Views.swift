import Mustache

// swift-mustache reads a value's fields through `Mirror` unless the value names its children itself. The types
// below are read most often (every form field, option, fact row, and on every lookup that falls through to the
// page and its layout), so they answer directly: the same fields, without reflecting the whole value per lookup.
// A nil optional answers nil, as through `Mirror`, so the lookup goes on to the enclosing context either way.

extension Page: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "layout": layout
        case "page": page
        default: nil
        }
    }
}

extension PageLayout: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "username": username
        case "isAdmin": isAdmin
        case "csrf": csrf
        case "nav": nav
        default: nil
        }
    }
}

extension RenderedField: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "label": label
        case "value": value
        case "type": type
        case "inputMode": inputMode
        case "hint": hint
        case "error": error
        case "required": required
        case "options": options
        case "isSelect": isSelect
        case "isTextarea": isTextarea
        case "isInput": isInput
        case "invalid": invalid
        case "describedBy": describedBy
        case "autocomplete": autocomplete
        default: nil
        }
    }
}

extension SelectOption: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension FactRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "medical": medical
        default: nil
        }
    }
}
