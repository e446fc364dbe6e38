# The JSON knox shows for a Ruby value (docs/formats.md "Ruby Marshal as JSON"), written
# independently of knox from the objects Marshal.load really makes, so that the vectors check
# knox's rendering against Ruby's own reading of the same bytes.
#
# exact: true renders what knox must be given to sign the same bytes again (strings that are not
# UTF-8 as "@ruby" String forms); the default is knox's display rendering.
module KnoxJson
  module_function

  def tag(name, fields)
    { "@ruby" => name }.merge(fields)
  end

  def text(str)
    s = str.dup.force_encoding("UTF-8")
    s.valid_encoding? ? s : s.scrub("\uFFFD")
  end

  def string(str, exact)
    enc = str.encoding.name
    utf8 = str.dup.force_encoding("UTF-8")
    plain = exact ? enc == "UTF-8" : %w[UTF-8 US-ASCII ASCII-8BIT].include?(enc)
    return utf8 if plain && utf8.valid_encoding?

    tag("String", "encoding" => enc, "base64" => [str].pack("m0"))
  end

  def extended_modules(obj)
    return [] if obj.is_a?(Module)

    obj.singleton_class.ancestors.take_while { |m| m != obj.class }.select { |m| m.instance_of?(Module) }
  rescue TypeError
    []
  end

  def render(obj, exact: false)
    mods = extended_modules(obj)
    unless mods.empty?
      inner = obj.dup # a copy without the singleton modules
      value = render(inner, exact: exact)
      return mods.reverse.reduce(value) { |v, m| tag("Extended", "module" => m.name, "value" => v) }
    end
    base = [String, Array, Hash, Regexp].find { |c| obj.is_a?(c) }
    if base && obj.class != base
      plain = { String => -> { String.new(obj) }, Array => -> { Array.new(obj) },
                Hash => -> { Hash[obj] }, Regexp => -> { Regexp.new(obj) } }[base].call
      return tag("UserClass", "class" => obj.class.name, "value" => render(plain, exact: exact))
    end
    case obj
    when nil, true, false then obj
    when Integer
      obj >= -2**63 && obj < 2**63 ? obj : tag("Integer", "value" => obj.to_s)
    when Float
      return obj if obj.finite?

      tag("Float", "value" => obj.nan? ? "nan" : (obj.positive? ? "inf" : "-inf"))
    when Symbol then text(obj.to_s)
    when String then string(obj, exact)
    when Array then obj.map { |e| render(e, exact: exact) }
    when Hash then hash(obj, exact)
    when Struct
      tag("Struct", "class" => obj.class.name,
                    "members" => obj.each_pair.to_h { |k, v| [k.to_s, render(v, exact: exact)] })
    when Regexp then tag("Regexp", "source" => text(obj.source), "options" => obj.options)
    when Class then tag("Class", "name" => obj.name)
    when Module then tag("Module", "name" => obj.name)
    else
      tag("Object", "class" => obj.class.name,
                    "ivars" => obj.instance_variables.to_h { |iv|
                      [iv.to_s, render(obj.instance_variable_get(iv), exact: exact)]
                    })
    end
  end

  def hash(obj, exact)
    pairs = obj.map { |k, v| [render(k, exact: exact), render(v, exact: exact)] }
    unless obj.default.nil?
      keyed = obj.keys.zip(pairs).map { |key, (k, v)| [key.is_a?(Symbol) ? tag("Symbol", "name" => k) : k, v] }
      return tag("Hash", "pairs" => keyed, "default" => render(obj.default, exact: exact))
    end

    kinds = {}
    as_object = obj.keys.zip(pairs).all? do |key, (rendered, _)|
      next false unless rendered.is_a?(String) && rendered != "@ruby"

      symbol = key.is_a?(Symbol)
      prior = kinds[rendered]
      kinds[rendered] = symbol
      prior.nil? || prior == symbol
    end
    return pairs.to_h if as_object

    # In the pairs form a Symbol key is told apart from a String key.
    keyed = obj.keys.zip(pairs).map { |key, (k, v)| [key.is_a?(Symbol) ? tag("Symbol", "name" => k) : k, v] }
    tag("Hash", "pairs" => keyed)
  end
end
