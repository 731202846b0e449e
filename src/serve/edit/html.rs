//! The editing layer's HTML: the panel put into a served page (plain
//! forms that post without JavaScript), its style, and the small script
//! that adds the progress slider and the live Markdown preview.

use super::form::Form;
use crate::model::Lang;

/// A label of the editing layer from the page catalog (`i18n::ui`,
/// keys `edit_…`), in the site's language.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    crate::i18n::ui::Strings::new(lang).get(key)
}

/// Text for HTML text and double-quoted attributes: the pages' one rule.
pub fn esc(s: &str) -> String {
    crate::escape::html(s)
}

/// What one form is drawn with: the values sent (after a refusal) and the
/// errors, each by field name (`""`: the form as a whole).
pub struct Fill<'a> {
    pub form: &'a str,
    pub sent: Option<&'a Form>,
    pub errors: &'a [(String, String)],
}

impl Fill<'_> {
    /// The value to show in field `name`: what was sent, else `default`.
    pub fn value(&self, name: &str, default: &str) -> String {
        match self.sent {
            Some(f) => f.get(name).to_string(),
            None => default.to_string(),
        }
    }

    /// Whether `value` is among the values sent for `name` (else whether
    /// it is checked by default).
    pub fn checked(&self, name: &str, value: &str, default: bool) -> bool {
        match self.sent {
            Some(f) => f.all(name).iter().any(|v| v == value),
            None => default,
        }
    }

    pub fn id(&self, name: &str) -> String {
        format!("pb-{}-{}", self.form, name)
    }

    /// The field's attributes that tie it to its error (`aria-*`).
    pub fn aria(&self, name: &str) -> String {
        if self.errors.iter().any(|(n, _)| n == name) {
            format!(
                " aria-invalid=\"true\" aria-describedby=\"{}-error\"",
                self.id(name)
            )
        } else {
            String::new()
        }
    }

    /// The errors of field `name`, shown beside it.
    pub fn error(&self, name: &str) -> String {
        let msgs: Vec<String> = self
            .errors
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, m)| esc(m))
            .collect();
        if msgs.is_empty() {
            return String::new();
        }
        let id = if name.is_empty() {
            format!("pb-{}-error", self.form)
        } else {
            format!("{}-error", self.id(name))
        };
        format!(
            "<p class=\"pb-error\" id=\"{id}\" role=\"alert\">{}</p>",
            msgs.join("<br>")
        )
    }

    /// A labelled `<input>`.
    pub fn input(&self, name: &str, label: &str, kind: &str, value: &str, extra: &str) -> String {
        format!(
            "<p class=\"pb-field\"><label for=\"{id}\">{label}</label><input id=\"{id}\" name=\"{name}\" type=\"{kind}\" value=\"{v}\"{extra}{aria}>{err}</p>",
            id = self.id(name),
            label = esc(label),
            v = esc(&self.value(name, value)),
            aria = self.aria(name),
            err = self.error(name),
        )
    }
}

/// The hidden fields that say what a form may write, and prove it.
pub fn hidden(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(n, v)| format!("<input type=\"hidden\" name=\"{n}\" value=\"{}\">", esc(v)))
        .collect()
}

/// The panel's style: plain, large targets, fits a phone.
pub const STYLE: &str = "<style>\
.pb-edit{margin:2em 0;padding:1em;border:3px dashed #1565c0;border-radius:8px;background:#f5f9ff;color:#111}\
.pb-edit h2{margin-top:0;font-size:1.2em}.pb-edit h2 small{font-weight:normal;font-size:.8em;color:#444}\
.pb-edit details{margin:.8em 0;border-top:1px solid #c5d5ea;padding-top:.5em}\
.pb-edit summary{font-weight:bold;font-size:1.1em;min-height:44px;line-height:44px;cursor:pointer}\
.pb-edit fieldset{border:1px solid #c5d5ea;margin:.5em 0}\
.pb-edit .pb-field label{display:block;font-weight:bold;margin-bottom:.2em}\
.pb-edit input[type=text],.pb-edit input[type=date],.pb-edit input[type=number],.pb-edit select,.pb-edit textarea{font:inherit;width:100%;max-width:40em;box-sizing:border-box;min-height:44px;padding:.3em}\
.pb-edit textarea{min-height:8em}.pb-edit .pb-check{display:block;min-height:44px;line-height:1.4;padding:.4em 0}\
.pb-edit input[type=checkbox],.pb-edit input[type=radio]{width:1.4em;height:1.4em;vertical-align:middle;margin-right:.4em}\
.pb-edit button{font:inherit;font-weight:bold;min-height:44px;padding:.3em 1.5em;background:#1565c0;color:#fff;border:0;border-radius:6px}\
.pb-edit .pb-error{color:#b71c1c;font-weight:bold;margin:.2em 0}.pb-edit [aria-invalid=true]{border:2px solid #b71c1c}\
.pb-edit .pb-notice{padding:.6em;border-radius:6px;background:#e8f5e9;border:1px solid #2e7d32}\
.pb-edit .pb-notice.pb-bad{background:#fff5f5;border-color:#b71c1c;color:#7f1d1d}\
.pb-edit .pb-private{color:#b71c1c;font-size:.85em;font-weight:bold}\
.pb-edit .pb-preview{border:1px dotted #888;padding:.5em;background:#fff;max-width:40em}\
.pb-edit table{border-collapse:collapse}.pb-edit td,.pb-edit th{border:1px solid #c5d5ea;padding:.2em}\
.pb-edit td input{width:100%;min-width:6em;box-sizing:border-box;min-height:44px}\
.pb-edit td select{min-width:7em;min-height:44px;font:inherit}.pb-edit td input[type=checkbox]{width:1.6em;min-width:0;min-height:1.6em}\
</style>";

/// The script: a slider beside each progress number, and a live preview
/// under each Markdown text (rendered by the server, as the build would).
/// It runs before the live-reload script (which comes at the end of the
/// body) and keeps that script's `reload` from cancelling a form being
/// sent: the write itself makes the site reload, and the browser would
/// otherwise reload the page it came from instead of following the
/// answer.
pub fn script(preview_url: &str) -> String {
    let url = serde_json::to_string(preview_url)
        .unwrap_or_else(|_| "\"\"".into())
        .replace("</", "<\\/");
    format!(
        "<script>(function(){{var sending=false,ES=window.EventSource;\
if(ES){{window.EventSource=function(u,o){{var e=new ES(u,o),add=e.addEventListener.bind(e);\
e.addEventListener=function(t,f,x){{add(t,function(v){{if(!sending)f(v);}},x);}};return e;}};}}\
document.querySelectorAll('.pb-edit form').forEach(function(f){{f.addEventListener('submit',function(){{sending=true;}});}});\
document.querySelectorAll('.pb-edit input[data-pb-progress]').forEach(function(n){{\
var r=document.createElement('input');r.type='range';r.min=0;r.max=100;r.step=5;r.value=n.value||0;\
r.setAttribute('aria-label',n.getAttribute('data-pb-progress'));r.style.width='100%';r.style.maxWidth='40em';\
var o=document.createElement('output');o.textContent=n.value?n.value+'%':'';\
r.addEventListener('input',function(){{n.value=r.value;o.textContent=r.value+'%';}});\
n.addEventListener('input',function(){{r.value=n.value;o.textContent=n.value?n.value+'%':'';}});\
n.after(r,o);}});\
document.querySelectorAll('.pb-edit textarea[data-pb-preview]').forEach(function(t){{\
var p=document.createElement('div');p.className='pb-preview';p.setAttribute('aria-live','polite');\
var h=document.createElement('p');h.textContent=t.getAttribute('data-pb-preview');t.after(h,p);var timer;\
function show(){{fetch({url},{{method:'POST',headers:{{'Content-Type':'text/plain;charset=utf-8'}},body:t.value}})\
.then(function(r){{return r.text();}}).then(function(x){{p.innerHTML=x;}}).catch(function(){{}});}}\
t.addEventListener('input',function(){{clearTimeout(timer);timer=setTimeout(show,250);}});show();}});\
}})();</script>"
    )
}
