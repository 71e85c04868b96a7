namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Lists in directives as nasm 2.16.01 reads them: global/extern/common/static/required declare each name of the
/// standard macro's list in turn (an empty one is "identifier expected"), the raw [global …] form takes one name; cpu
/// takes each word between blanks or commas, the last one setting the level; under `%pragma preproc
/// sane_empty_expansion' a trailing comma stays an (empty) argument, with no pp-macro-params-legacy warning. Compared
/// with nasm at test time.
/// </summary>
public sealed class DeclarationListTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("global x,,y\nx: db 1\ny:\n")]
    [InlineData("global ,x\nx: db 1\n")]
    [InlineData("extern a, ,b\n")]
    [InlineData("[global x,]\nx: db 1\n")]
    [InlineData("[extern y,]\ndb 1\n")]
    [InlineData("[global x,,y]\nx: db 1\ny:\n")]
    [InlineData("[static x,]\nx: db 1\n")]
    [InlineData("[required x,]\n")]
    [InlineData("%pragma preproc sane_empty_expansion\nglobal x,\nx:\n")]
    [InlineData("%pragma preproc sane_empty_expansion\nextern y,\ndb 1\n")]
    [InlineData("%pragma preproc sane_empty_expansion\ncommon c 4,\n")]
    [InlineData("cpu 386 foo\nnop\n")]
    [InlineData("cpu 686 386\ncmovz eax, ebx\n")]
    [InlineData("cpu foo,386\nnop\n")]
    [InlineData("[cpu 386,foo]\nnop\n")]
    public void Refused(string source) => NasmComparison.AssertSameErrors(source);

    [RequiresToolsTheory("nasm")]
    [InlineData("global x, y\nx:\ny:\n")]
    [InlineData("global x:function, y:data 4\nx:\ny:\n")]
    [InlineData("[global x:function]\nx:\n")]
    [InlineData("common c 4,\n")]
    [InlineData("cpu 386,686\ncmovz eax, ebx\n")]
    [InlineData("cpu ,386\nnop\n")]
    [InlineData("[cpu 386,]\nnop\n")]
    [InlineData("[cpu 386 , ]\nnop\n")]
    [InlineData("%pragma preproc sane_empty_expansion\ncpu 386,\nnop\n")]
    [InlineData("%pragma preproc sane_empty_expansion\nsection .data,\ndb 1\nbits 32,\nnop\ndefault rel,\nsegment .text,\ndb 2\n")]
    [InlineData("%pragma preproc sane_empty_expansion false\nsection .data,\ndb 1\nalign 4,\n")]
    public void Taken(string source) => NasmComparison.AssertSameElf(source);

    [RequiresToolsFact("nasm")]
    public void OriginWithATrailingComma() =>
        NasmComparison.AssertSameBin("%pragma preproc sane_empty_expansion\norg 0x10,\ndb 1\nabsolute 5,\nresb 1\n");
}
