// Live length counter for the SMS form; the server counts the same way after each
// submit, so the page works without this script. Keep in step with sms/encoding.py.
(function () {
  var BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
  var EXTENSION = '\f^{}\\[~]|€'
  var SINGLE = { gsm7: 160, ucs2: 70 }
  var PER_PART = { gsm7: 153, ucs2: 67 }

  function smsLength (text) {
    var characters = Array.from(text)
    var gsm = characters.every(function (c) {
      return BASIC.indexOf(c) !== -1 || EXTENSION.indexOf(c) !== -1
    })
    var encoding = gsm ? 'gsm7' : 'ucs2'
    var costs = characters.map(function (c) {
      if (gsm) return EXTENSION.indexOf(c) !== -1 ? 2 : 1
      return c.codePointAt(0) > 0xFFFF ? 2 : 1
    })
    var units = costs.reduce(function (a, b) { return a + b }, 0)
    if (units <= SINGLE[encoding]) {
      return { encoding: encoding, units: units, parts: units ? 1 : 0, left: SINGLE[encoding] - units }
    }
    var size = PER_PART[encoding]
    var parts = 1
    var used = 0
    costs.forEach(function (cost) {
      if (used + cost > size) { parts += 1; used = 0 }
      used += cost
    })
    return { encoding: encoding, units: units, parts: parts, left: size - used }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var output = document.getElementById('sms-length')
    var textarea = document.getElementById('id_text')
    if (!output || !textarea) return
    var maxParts = parseInt(output.dataset.maxParts, 10)
    var count = output.querySelector('[data-length-count]')
    var ucs = output.querySelector('[data-length-ucs]')
    var tooLong = output.querySelector('[data-length-too-long]')
    document.querySelectorAll('[data-without-js-only]').forEach(function (element) {
      element.remove()
    })
    function update () {
      var length = smsLength(textarea.value)
      count.textContent = output.dataset.template
        .replace('__UNITS__', length.units)
        .replace('__PARTS__', length.parts)
        .replace('__MAX__', maxParts)
        .replace('__LEFT__', length.left)
      ucs.hidden = length.encoding !== 'ucs2'
      tooLong.hidden = length.parts <= maxParts
    }
    textarea.addEventListener('input', update)
    update()
  })
})()
