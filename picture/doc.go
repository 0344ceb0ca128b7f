// Package picture turns image files into something a terminal can show:
// it decodes JPEG, PNG, GIF (the first frame) and WebP with a cap on the
// decoded size checked before any pixel is allocated, scales to a box of
// terminal cells keeping the aspect ratio, blurs (for NSFW pictures), and
// draws in three ways:
//
//   - half blocks: "▀" with the upper pixel as foreground and the lower as
//     background, in truecolor or the nearest of the 256 xterm colours —
//     plain styled text that any terminal, renderer and tmux handle;
//   - kitty graphics with Unicode placeholders: the image is transmitted
//     once (a raw escape sequence), then drawn as placeholder cells that a
//     renderer diffs like text;
//   - sixel, for terminals that announce it.
//
// It is pure: no Bubble Tea, no network, no store. Callers decide what to
// draw where; this package only computes bytes.
package picture
